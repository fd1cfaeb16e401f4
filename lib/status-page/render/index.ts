/** The status page's pure rendering: snapshot in, HTML, feeds, badge and static assets out. */
export { renderPage, renderComponentPage } from "./page";
export type { RenderOptions } from "./layout";
export { renderAtom, renderRss, renderJsonFeed } from "./feeds";
export type { FeedOptions } from "./feed-entries";
export { renderBadge } from "./badge";
export { statusCss } from "./status-css";
export { statusJs } from "./status-js";
export { renderIndex, type IndexEntry } from "./index-page";
