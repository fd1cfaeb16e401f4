import { LoginForm } from "@/components/auth/login-form";

export const metadata = { title: "Sign in · Opsdeck" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an absolute callback URL would be an open redirect.
  const target =
    callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/map";
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 p-6 shadow-sm dark:border-zinc-800">
        <h1 className="mb-1 text-xl font-semibold">Sign in to Opsdeck</h1>
        <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
          The first admin&apos;s password is printed once in the server log.
        </p>
        <LoginForm callbackUrl={target} />
      </div>
    </main>
  );
}
