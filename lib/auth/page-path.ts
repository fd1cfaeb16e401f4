/** The page path the proxy hands the console layout; always overwritten, never a client's value. */
export const PAGE_PATH_HEADER = "x-opsdeck-page-path";
