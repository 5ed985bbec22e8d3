import { handleAdminDelete } from "@/lib/comments/http/admin-comment-handlers";
import { methodNotAllowed } from "@/lib/comments/http/api-response";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleAdminDelete(request, (await params).id);
}

export const GET = methodNotAllowed(["DELETE"]);
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
