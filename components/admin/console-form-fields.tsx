import type { Lang } from "@/lib/i18n/languages";

/**
 * The hidden fields every console form posts: the CSRF token, the console's
 * language, where to go back to (303 after the action) and the form's own
 * values (which comment, which ban…).
 */
export function ConsoleFormFields({ csrfToken, lang, returnTo, fields = {} }: { csrfToken: string; lang: Lang; returnTo?: string; fields?: Record<string, string | number> }) {
  return (
    <>
      <input type="hidden" name="csrf" value={csrfToken} />
      <input type="hidden" name="lang" value={lang} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {returnTo === undefined ? null : <input type="hidden" name="return" value={returnTo} />}
    </>
  );
}
