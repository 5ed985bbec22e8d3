import type { ReactNode } from "react";
import { AuditView } from "./audit-view";
import { BansView } from "./bans-view";
import { CommentDetail } from "./comment-detail";
import type { ConsolePageProps } from "./console-context";
import { QueueView } from "./queue-view";
import { ReportedView } from "./reported-view";
import { ReportsView } from "./reports-view";
import { TransferView } from "./transfer-view";
import { WordRulesView } from "./word-rules-view";

/**
 * Every page of the console, in one table: its path under /admin (and
 * /admin/en), its tab in the navigation (a key in locales/*\/admin.json
 * `tabs.*`; none for pages reached from others), and what it renders. The
 * sign-in page is not here: it is the only page without a session.
 * To add a page or tab: add a row (and its strings).
 */
export interface ConsoleRoute {
  path: string;
  tab?: string;
  render: (props: ConsolePageProps) => Promise<ReactNode> | ReactNode;
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { path: "", tab: "pending", render: (props) => <QueueView {...props} status="pending" /> },
  { path: "published", tab: "published", render: (props) => <QueueView {...props} status="published" /> },
  { path: "hidden", tab: "hidden", render: (props) => <QueueView {...props} status="hidden" /> },
  { path: "reported", tab: "reported", render: (props) => <ReportedView {...props} /> },
  { path: "words", tab: "words", render: (props) => <WordRulesView {...props} /> },
  { path: "bans", tab: "bans", render: (props) => <BansView {...props} /> },
  // Not "reports": proxy.ts answers /:lang/reports/… for the site's own report pages.
  { path: "closing", tab: "reports", render: (props) => <ReportsView {...props} /> },
  { path: "audit", tab: "audit", render: (props) => <AuditView {...props} /> },
  { path: "transfer", tab: "transfer", render: (props) => <TransferView {...props} /> },
  { path: "comment", render: (props) => <CommentDetail {...props} /> },
];

export function findConsoleRoute(path: string): ConsoleRoute | undefined {
  return CONSOLE_ROUTES.find((route) => route.path === path);
}
