/**
 * Every mutation goes through the one verb wrapper (lib/http/verb.ts): each export of a
 * "use server" module must be `export const x = verbAction(...)`, and each POST, PUT, PATCH or
 * DELETE export of an app route.ts must be `export const X = verbRoute(...)`, both imported from
 * "@/lib/http/verb". Anything else is a public endpoint that could skip identity, Origin,
 * permission, validation or audit.
 */
const VERB_MODULE = "@/lib/http/verb";
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function hasUseServer(program) {
  for (const node of program.body) {
    if (node.type !== "ExpressionStatement" || typeof node.directive !== "string") return false;
    if (node.directive === "use server") return true;
  }
  return false;
}

function isRouteFile(filename) {
  return /(^|[\\/])app[\\/](.+[\\/])?route\.(ts|tsx|js|jsx|mjs|cjs)$/.test(filename);
}

/** A function whose body starts with "use server": an inline server action. */
function hasInlineUseServer(fn) {
  const body = fn.body;
  if (!body || body.type !== "BlockStatement") return false;
  for (const node of body.body) {
    if (node.type !== "ExpressionStatement" || typeof node.directive !== "string") return false;
    if (node.directive === "use server") return true;
  }
  return false;
}

export default {
  meta: {
    type: "problem",
    docs: { description: "server actions and mutating route handlers must go through verb()" },
    schema: [],
    messages: {
      action:
        'every export of a "use server" module must be `export const {{name}} = verbAction(...)` from "@/lib/http/verb" (identity, Origin, permission, validation and audit in one place)',
      route:
        'a {{name}} handler must be `export const {{name}} = verbRoute(...)` from "@/lib/http/verb" (identity, Origin, permission, validation and audit in one place)',
      inline:
        'an inline "use server" function is a public endpoint outside the verb wrapper: declare it as `verbAction(...)` in a "use server" module instead',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const route = isRouteFile(filename);
    let server = false;
    /** Local names bound to verbAction / verbRoute imported from the verb module. */
    const wrappers = { verbAction: new Set(), verbRoute: new Set() };

    function isWrapped(init, wrapper) {
      return (
        init?.type === "CallExpression" &&
        init.callee.type === "Identifier" &&
        wrappers[wrapper].has(init.callee.name)
      );
    }
    function check(node, name, init) {
      if (server && !isWrapped(init, "verbAction"))
        context.report({ node, messageId: "action", data: { name } });
      else if (route && MUTATING.has(name) && !isWrapped(init, "verbRoute"))
        context.report({ node, messageId: "route", data: { name } });
    }

    return {
      Program(program) {
        server = hasUseServer(program);
        for (const node of program.body) {
          if (node.type !== "ImportDeclaration" || node.source.value !== VERB_MODULE) continue;
          for (const s of node.specifiers) {
            if (s.type === "ImportSpecifier" && s.imported.name in wrappers)
              wrappers[s.imported.name].add(s.local.name);
          }
        }
      },
      ExportNamedDeclaration(node) {
        if ((!server && !route) || node.exportKind === "type") return;
        const d = node.declaration;
        if (d?.type === "TSTypeAliasDeclaration" || d?.type === "TSInterfaceDeclaration") return;
        if (d?.type === "VariableDeclaration") {
          for (const v of d.declarations)
            check(v, v.id.type === "Identifier" ? v.id.name : "(pattern)", v.init);
        } else if (d?.type === "FunctionDeclaration" || d?.type === "ClassDeclaration") {
          check(d, d.id?.name ?? "(anonymous)", null);
        } else if (d) {
          if (server) check(d, "(declaration)", null);
        }
        for (const s of node.specifiers ?? []) {
          if (s.exportKind === "type") continue;
          const name = s.exported.type === "Identifier" ? s.exported.name : String(s.exported.value);
          if (server || MUTATING.has(name)) check(s, name, null);
        }
      },
      "FunctionDeclaration, FunctionExpression, ArrowFunctionExpression"(node) {
        if (hasInlineUseServer(node)) context.report({ node, messageId: "inline" });
      },
      ExportDefaultDeclaration(node) {
        if (server) check(node, "default", null);
      },
      ExportAllDeclaration(node) {
        if (server || route)
          context.report({ node, messageId: server ? "action" : "route", data: { name: "*" } });
      },
    };
  },
};
