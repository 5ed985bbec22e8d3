import type { ReactNode } from "react";
import styles from "./console.module.css";

/** A column heading; `{ hidden }` names a column of buttons for screen readers only. */
export type ConsoleColumn = string | { hidden: string };

/** The console's tables: scrolling sideways on a phone rather than squeezing, one heading per column. */
export function ConsoleTable({ columns, children }: { columns: ConsoleColumn[]; children: ReactNode }) {
  return (
    <div className={styles.scroll}>
      <table className={styles.table}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {typeof column === "string" ? column : <span className={styles.skip}>{column.hidden}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
