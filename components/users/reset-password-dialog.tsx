"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { resetPasswordAction } from "@/lib/users/actions";
import { MIN_PASSWORD_LENGTH, type UserView } from "@/lib/users/schemas";
import { SecretOnce } from "./secret-once";
import { sentence, useAction } from "./use-action";

/** Sets a new password (typed, or generated and shown once); the user's sessions end. */
export function ResetPasswordDialog({ user, disabled }: { user: UserView; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<{ generated?: string } | null>(null);
  const { pending, error, run, clearError } = useAction(resetPasswordAction);
  const inputId = `reset-password-${user.id}`;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setResult(null);
      clearError();
    }
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    run({ userId: user.id, password }, (data) => setResult({ generated: data.generatedPassword }));
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" disabled={disabled}>
          Reset password
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogTitle>Reset the password of {user.email}</DialogTitle>
        <DialogDescription className="mt-2">
          Their open sessions end within 30 seconds. Leave the field blank to generate a password.
        </DialogDescription>
        {result ? (
          <div className="mt-4 space-y-3">
            {result.generated ? (
              <SecretOnce
                label={`New password for ${user.email}`}
                secret={result.generated}
                hint="Give it to the person over a channel you trust."
                onDone={() => onOpenChange(false)}
              />
            ) : (
              <p role="status" className="text-sm text-success">
                The password is changed.
              </p>
            )}
          </div>
        ) : (
          <form method="post" onSubmit={onSubmit} noValidate className="mt-4 space-y-3">
            <div className="space-y-1">
              <label htmlFor={inputId} className="block text-sm font-medium">
                New password (optional)
              </label>
              <Input
                id={inputId}
                name="password"
                type="password"
                autoComplete="new-password"
                placeholder={`blank: generate · or ${MIN_PASSWORD_LENGTH}+ characters`}
                aria-invalid={!!error}
              />
            </div>
            {error && (
              <p role="alert" className="text-sm text-danger">
                {sentence(error)}
              </p>
            )}
            <div className="flex justify-end">
              <Button type="submit" variant="danger" disabled={pending} aria-busy={pending}>
                {pending ? "Resetting…" : "Reset password"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
