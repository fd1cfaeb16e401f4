import { removeAll } from "./support/docker";

export default async function globalTeardown() {
  removeAll();
}
