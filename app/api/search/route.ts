import { methodNotAllowed } from "@/lib/comments/http/api-response";
import { handleSearchRequest } from "@/lib/search/search-api";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleSearchRequest(request);
}

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
