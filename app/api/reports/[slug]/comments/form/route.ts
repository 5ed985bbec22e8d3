import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleCommentForm } from "@/lib/comments/http/comment-form-handler";

export const dynamic = "force-dynamic";

/** Target of the plain HTML comment form (no JavaScript); redirects back to the comments page. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleCommentForm(request, (await params).slug);
}

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
