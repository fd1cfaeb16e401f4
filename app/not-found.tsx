import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing lives at this address.</p>
      <Link href="/map" className="underline focus:outline-2 focus:outline-blue-600">
        Go to the service map
      </Link>
    </main>
  );
}
