export const dynamic = "force-dynamic";

/** Liveness check; also the benchmark's baseline (the framework's own ceiling for a route handler). */
export async function GET() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
