"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LOGIN_FORM_ID } from "./login-queue";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    form.dataset.ready = "1";
    if (form.dataset.queued) {
      delete form.dataset.queued;
      form.requestSubmit();
    }
  }, []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(refusalMessage(result?.error));
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form
      id={LOGIN_FORM_ID}
      ref={formRef}
      // POST if scripts never run: a GET would put the password in the URL and the logs.
      method="post"
      onSubmit={onSubmit}
      className="space-y-4"
      noValidate
      aria-describedby={error ? "login-error" : undefined}
    >
      <div className="space-y-1">
        <label htmlFor="login-email" className="block text-sm font-medium">
          Email
        </label>
        <Input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={!!error}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="login-password" className="block text-sm font-medium">
          Password
        </label>
        <Input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={!!error}
        />
      </div>
      {/* Space kept for the message so the button does not jump when it appears. */}
      <p id="login-error" role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

/**
 * next-auth answers a plain refusal with the code "CredentialsSignin"; refusals with a reason
 * (too many attempts, database down) carry the server's sentence, written to be shown.
 */
function refusalMessage(error: string | null | undefined): string {
  if (error && error !== "CredentialsSignin" && /\s/.test(error)) {
    const sentence = error.slice(0, 300);
    return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
  }
  return "Wrong email or password, or the account is disabled.";
}
