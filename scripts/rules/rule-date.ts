// The date format of a rule's metadata (creation_date, updated_date): `yyyy/mm/dd`, in UTC so the
// same instant gives the same date wherever the tool runs.

/** `2026-11-28T15:00:00Z` → `2026/11/28`. */
export function ruleDate(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}/${month}/${day}`;
}
