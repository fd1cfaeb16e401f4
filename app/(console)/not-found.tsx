import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ConsoleNotFound() {
  return (
    <EmptyState
      headingLevel="h1"
      title="Nothing here"
      action={
        <>
          <Button asChild>
            <Link href="/map">Go to the service map</Link>
          </Button>
          <Button asChild variant="secondary">
            <Link href="/services">List all services</Link>
          </Button>
        </>
      }
    >
      <p>
        This page or service does not exist. A service disappears when it is removed from{" "}
        <code>opsdeck.yml</code> or its containers are gone; press <kbd>Ctrl K</kbd> to search the ones
        Opsdeck watches now.
      </p>
    </EmptyState>
  );
}
