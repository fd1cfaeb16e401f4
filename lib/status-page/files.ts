import { randomBytes } from "node:crypto";
import type { ResolvedPage } from "./derive";
import {
  renderAtom,
  renderBadge,
  renderIndex,
  renderComponentPage,
  renderJsonFeed,
  renderPage,
  renderRss,
  statusCss,
  statusJs,
} from "./render";
import { ASSETS_DIR, hashPassword, INDEX_DIR, storedFile, type Manifest, type StoredFile } from "./store";
import type { PublicComponent, PublicSnapshot } from "./types";

/**
 * Every file of one publication, by the path it is served under /status: per page its HTML,
 * JSON, feeds and badges, and per component its page and badge; the shared assets once.
 */

export function publicationFiles(
  pages: readonly {
    page: ResolvedPage;
    snapshot: PublicSnapshot;
    /** The subscribe form's fields; no form when absent (sign-ups closed or off). */
    subscribe?: { email: boolean; webhook: boolean };
  }[],
  siteOrigin: string,
  previous: Manifest | null,
): { files: Map<string, StoredFile>; manifest: Manifest } {
  const files = new Map<string, StoredFile>();
  const put = (relative: string, body: string) => files.set(relative, storedFile(relative, body));
  put(`${ASSETS_DIR}/status.css`, statusCss);
  put(`${ASSETS_DIR}/status.js`, statusJs);
  for (const { page, snapshot, subscribe } of pages) {
    const basePath = `/status/${page.id}`;
    const opts = { basePath, assetsPath: `/status/${ASSETS_DIR}`, ...(subscribe ? { subscribe } : {}) };
    const siteUrl = `${siteOrigin}${basePath}`;
    put(`${page.id}/index.html`, renderPage(snapshot, opts));
    put(`${page.id}/status.json`, JSON.stringify(snapshot));
    put(`${page.id}/summary.json`, JSON.stringify(summaryOf(snapshot)));
    put(`${page.id}/feed.atom`, renderAtom(snapshot, { siteUrl }));
    put(`${page.id}/feed.rss`, renderRss(snapshot, { siteUrl }));
    put(`${page.id}/feed.json`, renderJsonFeed(snapshot, { siteUrl }));
    put(`${page.id}/badge.svg`, renderBadge(snapshot.page.title, snapshot.overall.status));
    for (const c of snapshot.components.flatMap((x) => [x, ...(x.children ?? [])])) {
      const html = renderComponentPage(snapshot, c.id, opts);
      if (html) put(`${page.id}/components/${c.id}.html`, html);
      put(`${page.id}/components/${c.id}/badge.svg`, renderBadge(c.name, c.status));
    }
  }
  const publishedAt = new Date().toISOString();
  // The index lists public pages only: a protected page's title is for those who have its password.
  const listed = pages
    .filter(({ page }) => page.password === null)
    .map(({ page, snapshot }) => ({
      id: page.id,
      title: snapshot.page.title,
      ...(snapshot.page.description ? { description: snapshot.page.description } : {}),
      status: snapshot.overall.status,
      text: snapshot.overall.text,
    }));
  put(`${INDEX_DIR}/index.html`, renderIndex(listed, { assetsPath: `/status/${ASSETS_DIR}`, publishedAt }));
  put(`${INDEX_DIR}/pages.json`, JSON.stringify({ publishedAt, pages: listed }));
  const manifest: Manifest = {
    version: 1,
    publishedAt,
    pages: pages.map(({ page, snapshot }) => ({
      id: page.id,
      title: snapshot.page.title,
      isDefault: page.isDefault,
      ...(page.domain ? { domain: page.domain } : {}),
      password: page.password === null ? null : keepHash(previous, page.id, page.password),
    })),
  };
  return { files, manifest };
}

/** The same salt while the password stays the same, so viewers' cookies stay valid. */
function keepHash(previous: Manifest | null, pageId: string, password: string): string {
  const old = previous?.pages.find((p) => p.id === pageId)?.password;
  if (old) {
    const salt = old.split(":")[0];
    if (hashPassword(password, salt) === old) return old;
  }
  return hashPassword(password, randomBytes(12).toString("base64url"));
}

/** The small JSON widgets read: the headline and each component's status. */
export function summaryOf(s: PublicSnapshot) {
  const flat = (c: PublicComponent): { id: string; name: string; status: string; group?: string }[] => [
    { id: c.id, name: c.name, status: c.status },
    ...(c.children ?? []).map((k) => ({ id: k.id, name: k.name, status: k.status, group: c.id })),
  ];
  return {
    page: { id: s.page.id, title: s.page.title },
    generatedAt: s.generatedAt,
    status: s.overall,
    components: s.components.flatMap(flat),
    incidents: s.incidents.map((i) => ({ id: i.id, title: i.title, status: i.status, impact: i.impact })),
    maintenance: s.maintenance
      .filter((m) => m.state !== "completed")
      .map((m) => ({ id: m.id, title: m.title, state: m.state, start: m.start, end: m.end })),
  };
}
