import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleListReplies } from "@/lib/comments/http/comment-handlers";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleListReplies(request, (await params).id);
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
