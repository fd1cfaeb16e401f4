import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import rule from "./mutations-through-verb.mjs";

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never } });
const IMPORT = 'import { verbAction, verbRoute } from "@/lib/http/verb";\n';
const ROUTE = "app/api/v1/things/route.ts";
const ACTIONS = "lib/things/actions.ts";

tester.run("mutations-through-verb", rule, {
  valid: [
    {
      filename: ACTIONS,
      code: `"use server";\n${IMPORT}export const doThingAction = verbAction(doThingVerb);`,
    },
    { filename: ACTIONS, code: `"use server";\n${IMPORT}export type Thing = { id: string };` },
    { filename: ROUTE, code: `${IMPORT}export const POST = verbRoute(createThingVerb, {});` },
    { filename: ROUTE, code: `${IMPORT}export const DELETE = verbRoute(removeThingVerb);` },
    // Reads are not mutations: GET handlers use authorize() and route().
    { filename: ROUTE, code: "export const GET = route(async () => new Response());" },
    // Outside app/, a file called route.ts is not a route handler.
    { filename: "lib/things/route.ts", code: "export async function POST() {}" },
    { filename: "lib/things/verbs.ts", code: "export async function doThing() {}" },
  ],
  invalid: [
    {
      // An inline server action in a page: public, and outside the wrapper.
      filename: "app/(console)/things/page.tsx",
      code: `export default function Page() { async function act() { "use server"; } return act; }`,
      errors: [{ messageId: "inline" }],
    },
    {
      filename: "app/api/v1/things/route.jsx",
      code: "export async function DELETE() { return new Response(); }",
      errors: [{ messageId: "route" }],
    },
    {
      filename: ACTIONS,
      code: `"use server";\nexport async function doThingAction(input: unknown) { return input; }`,
      errors: [{ messageId: "action" }],
    },
    {
      filename: ACTIONS,
      code: `"use server";\nexport const doThingAction = async (input: unknown) => input;`,
      errors: [{ messageId: "action" }],
    },
    {
      // A function of the same name that is not the wrapper does not count.
      filename: ACTIONS,
      code: `"use server";\nconst verbAction = (f: unknown) => f;\nexport const doThingAction = verbAction(async () => 1);`,
      errors: [{ messageId: "action" }],
    },
    {
      filename: ACTIONS,
      code: `"use server";\nasync function doThing() {}\nexport { doThing as doThingAction };`,
      errors: [{ messageId: "action" }],
    },
    {
      filename: ACTIONS,
      code: `"use server";\nexport default async function doThing() {}`,
      errors: [{ messageId: "action" }],
    },
    {
      filename: ROUTE,
      code: "export async function POST(req: Request) { return new Response(await req.text()); }",
      errors: [{ messageId: "route" }],
    },
    {
      filename: ROUTE,
      code: "export const PATCH = route(async () => new Response());",
      errors: [{ messageId: "route" }],
    },
    {
      filename: ROUTE,
      code: "function handler() { return new Response(); }\nexport { handler as GET, handler as PUT };",
      errors: [{ messageId: "route" }],
    },
    {
      // verbAction is for server actions; a route handler must answer with HTTP statuses.
      filename: ROUTE,
      code: `${IMPORT}export const DELETE = verbAction(removeThingVerb);`,
      errors: [{ messageId: "route" }],
    },
  ],
});
