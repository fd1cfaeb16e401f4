import { LoginForm } from "@/components/auth/login-form";
import { LOGIN_QUEUE_SCRIPT } from "@/components/auth/login-queue";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Sign in · Opsdeck" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  // Only the console's own paths, parsed as the browser would: anything else is an open redirect.
  const target = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <p className="text-2xl font-semibold tracking-tight" aria-hidden="true">
        Opsdeck
      </p>
      <Card className="w-full max-w-sm shadow-sm">
        <CardHeader>
          <CardTitle as="h1" className="text-xl">
            Sign in to Opsdeck
          </CardTitle>
          <CardDescription>
            The first admin&apos;s password is printed once in the server log.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <LoginForm callbackUrl={target} />
          {/* Holds an early Enter until the form is hydrated; it must follow the form. */}
          <script dangerouslySetInnerHTML={{ __html: LOGIN_QUEUE_SCRIPT }} />
        </CardContent>
      </Card>
    </main>
  );
}
