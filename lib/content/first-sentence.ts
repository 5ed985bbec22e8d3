/**
 * The first sentence of a text, for descriptions and link previews:
 * up to the first 。!? (Chinese) or . ! ? followed by a space (English).
 */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const match = /^.*?(?:[。!?!?]|[.!?](?=\s|$))/u.exec(flat);
  return (match ? match[0] : flat).trim();
}
