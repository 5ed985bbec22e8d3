import { CATEGORIES } from "@/lib/content/categories";
import { getT } from "@/lib/i18n/get-translator";
import type { Lang } from "@/lib/i18n/languages";
import { archivePath, categoryPath } from "@/lib/routes";

/** Links into the archive from every list page: each category and the archive by month. */
export function BrowseNav({ lang, current }: { lang: Lang; current?: string }) {
  const t = getT(lang);
  return (
    <nav aria-label={t("list.browse")} className="browse-nav">
      <ul>
        {CATEGORIES.map((category) => (
          <li key={category}>
            {category === current ? (
              <span aria-current="page">{t(`category.${category}`)}</span>
            ) : (
              <a href={categoryPath(lang, category)}>{t(`category.${category}`)}</a>
            )}
          </li>
        ))}
        <li>{current === "archive" ? <span aria-current="page">{t("list.archive")}</span> : <a href={archivePath(lang)}>{t("list.archive")}</a>}</li>
      </ul>
    </nav>
  );
}
