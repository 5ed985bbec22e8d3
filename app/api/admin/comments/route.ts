import { handleAdminList } from "@/lib/comments/http/admin-comment-handlers";
import { methodNotAllowed } from "@/lib/comments/http/api-response";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleAdminList(request);
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
