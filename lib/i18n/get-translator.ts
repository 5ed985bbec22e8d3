import i18next, { type TFunction, type i18n } from "i18next";
import { LANGUAGES, type Lang } from "./languages";
import { NAMESPACES, RESOURCES, type Namespace } from "./resources";

const instances = new Map<Lang, i18n>();

/** A ready i18next instance for one language, created synchronously and reused. */
export function getI18n(lang: Lang): i18n {
  let instance = instances.get(lang);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: false,
      supportedLngs: [...LANGUAGES],
      resources: RESOURCES,
      ns: NAMESPACES,
      defaultNS: "common",
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes
    });
    instances.set(lang, instance);
  }
  return instance;
}

/** Translation function for server components and library code. */
export function getT(lang: Lang, ns: Namespace = "common"): TFunction {
  return getI18n(lang).getFixedT(lang, ns);
}


