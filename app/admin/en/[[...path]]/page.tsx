import { ConsolePage, type ConsolePageParams } from "@/components/admin/console-page";

/** Rendered per request (sessions, fresh queues, the request's CSP nonce). */
export const dynamic = "force-dynamic";

export default function Page(props: ConsolePageParams) {
  return <ConsolePage lang="en" {...props} />;
}
