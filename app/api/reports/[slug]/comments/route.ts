import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleListComments, handlePostComment } from "@/lib/comments/http/comment-handlers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export async function GET(request: Request, { params }: Context) {
  return handleListComments(request, (await params).slug);
}

export async function POST(request: Request, { params }: Context) {
  return handlePostComment(request, (await params).slug);
}

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
