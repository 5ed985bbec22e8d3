import zhCommon from "@/locales/zh/common.json";
import enCommon from "@/locales/en/common.json";
import zhComments from "@/locales/zh/comments.json";
import enComments from "@/locales/en/comments.json";
import zhErrors from "@/locales/zh/errors.json";
import enErrors from "@/locales/en/errors.json";
import zhAdmin from "@/locales/zh/admin.json";
import enAdmin from "@/locales/en/admin.json";
import type { Lang } from "./languages";

/** Every UI string, by language and namespace. Both languages must have the same keys (tested). */
export const RESOURCES = {
  zh: { common: zhCommon, comments: zhComments, errors: zhErrors, admin: zhAdmin },
  en: { common: enCommon, comments: enComments, errors: enErrors, admin: enAdmin },
} satisfies Record<Lang, Record<string, unknown>>;

export type Namespace = keyof (typeof RESOURCES)["zh"];
export const NAMESPACES = Object.keys(RESOURCES.zh) as Namespace[];
