import type { Lang } from "@/lib/i18n/languages";
import { getT } from "@/lib/i18n/get-translator";
import { categoryPath, homePath } from "@/lib/routes";

/** 我的位置:首页 > 法治政府 > 文章详情, as on the source page. */
export function Breadcrumb({ lang, category }: { lang: Lang; category: string }) {
  const t = getT(lang);
  return (
    <nav aria-label={t("breadcrumb.label")} className="breadcrumb">
      <span className="breadcrumb-label">{t("breadcrumb.label")}</span>
      <ol>
        <li>
          <a href={homePath(lang)}>{t("breadcrumb.home")}</a>
        </li>
        <li>
          <a href={categoryPath(lang, category)}>{t(`category.${category}`)}</a>
        </li>
        <li aria-current="page">{t("breadcrumb.article")}</li>
      </ol>
    </nav>
  );
}
