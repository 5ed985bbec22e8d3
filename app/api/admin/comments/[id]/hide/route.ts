import { handleAdminSetStatus } from "@/lib/comments/admin-comment-handlers";
import { methodNotAllowed } from "@/lib/comments/api-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleAdminSetStatus(request, (await params).id, "hidden");
}

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
