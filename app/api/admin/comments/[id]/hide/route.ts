import { handleAdminSetStatus } from "@/lib/comments/http/admin-comment-handlers";
import { methodNotAllowed } from "@/lib/comments/http/api-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleAdminSetStatus(request, (await params).id, "hidden");
}

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
