import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleReportForm } from "@/lib/comments/http/report-handlers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return handleReportForm(request, (await params).id);
}

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
