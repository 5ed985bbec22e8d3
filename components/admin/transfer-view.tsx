import { consoleActionPath } from "@/lib/comments/moderation/console-paths";
import type { ConsolePageProps } from "./console-context";
import styles from "./console.module.css";

/** 导出 / Export: every comment as the versioned JSON file (lib/comments/README.md); imports run from the CLI. */
export function TransferView({ t }: ConsolePageProps) {
  return (
    <>
      <h1>{t("tabs.transfer")}</h1>
      <section className={styles.section} aria-labelledby="export-heading">
        <h2 id="export-heading">{t("transfer.exportHeading")}</h2>
        <p>{t("transfer.exportHint")}</p>
        <p>
          <a className={styles.button} href={consoleActionPath("export")} download="comments.json">
            {t("transfer.download")}
          </a>
        </p>
      </section>
      <section className={styles.section} aria-labelledby="import-heading">
        <h2 id="import-heading">{t("transfer.importHeading")}</h2>
        <p>{t("transfer.importHint")}</p>
        <pre>npm run comments -- import comments.json</pre>
      </section>
    </>
  );
}
