import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleLike } from "@/lib/comments/http/comment-handlers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return handleLike(request, (await params).id, true);
}

export async function DELETE(request: Request, { params }: Context) {
  return handleLike(request, (await params).id, false);
}

export const GET = methodNotAllowed(["POST", "DELETE"]);
export const PUT = GET;
export const PATCH = GET;
