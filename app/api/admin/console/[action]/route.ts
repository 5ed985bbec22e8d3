import { handleConsoleGet, handleConsolePost } from "@/lib/comments/http/console-handlers";
import { methodNotAllowed } from "@/lib/comments/http/api-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  return handleConsolePost(request, await params);
}

export async function GET(request: Request, { params }: { params: Promise<{ action: string }> }) {
  return handleConsoleGet(request, await params);
}

export const PUT = methodNotAllowed(["GET", "POST"]);
export const PATCH = PUT;
export const DELETE = PUT;
