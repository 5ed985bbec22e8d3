/** Next calls register() once when a server starts, before it answers requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NODE_ENV !== "production") return;
  const { warmUp } = await import("@/lib/server/warm-up");
  warmUp();
}
