import * as path from "node:path";
import { runStack } from "./offline/stack";
import { checkPolicies, renderText } from "./offline/policy-cli";
(async () => {
  const record = await runStack("main", { dir: path.resolve("bootstrap") });
  const report = await checkPolicies("main", record, { configFile: undefined });
  console.log(renderText(report));
})();
