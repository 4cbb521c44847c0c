// Opens the history store lazily so commands that do not need it never load a driver.
export async function openStore(url: string) {
  const { createStore } = await import("../adapters/db/index.js");
  return createStore(url);
}
export type Store = Awaited<ReturnType<typeof openStore>>;
