import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import opsdeck from "./eslint-rules/index.mjs";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      ".data/**",
      ".cache/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    // The ecosystem's own rules: Next's (core web vitals) and the Rules of Hooks, at error level.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
    settings: { next: { rootDir: "." } },
  },
  {
    // Every server action and mutating route handler goes through lib/http/verb.ts, wherever it is.
    files: ["**/*.{ts,tsx,js,jsx,mjs,cjs}"],
    plugins: { opsdeck },
    rules: { "opsdeck/mutations-through-verb": "error" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // House style: app/ and components/ never reach infrastructure directly.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/infra/*", "@prisma/client", "@/lib/generated/*"],
              message: "app/ and components/ go through lib/<domain>, not infrastructure.",
            },
          ],
        },
      ],
    },
  },
);
