import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";

export function SiteFooter({ lang }: { lang: Lang }) {
  const t = getT(lang);
  return (
    <footer className="site-footer">
      <p>
        {t("site.name")} · {t("site.tagline")}
      </p>
      <p>{t("site.footer")}</p>
    </footer>
  );
}
