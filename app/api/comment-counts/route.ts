import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleCommentCounts } from "@/lib/comments/http/comment-handlers";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleCommentCounts(request);
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
