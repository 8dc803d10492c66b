/** The key agent emails are unique by and looked up with: case-insensitive, surrounding spaces ignored. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
