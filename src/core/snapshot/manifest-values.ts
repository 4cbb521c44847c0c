// Reading values of hand-written manifests, which do not always hold what the API
// would have accepted: a number where a name belongs, a map where a list belongs.

/** What a template string `${value}` makes of a value (names and labels given as numbers). */
export const asText = (value: unknown): string => (typeof value === "string" ? value : `${value}`);

const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * A list field, for code that loops over it: empty when absent. A value that is not
 * a list (a map written where a list belongs) throws, so a check reading it says it
 * could not evaluate the object; read as an empty list, it would pass it.
 */
export function listAt<T>(value: readonly T[] | null | undefined, field: string): readonly T[] {
  if (value === undefined || value === null) return NO_ITEMS;
  if (Array.isArray(value)) return value;
  throw new TypeError(`${field} is not a list`);
}
