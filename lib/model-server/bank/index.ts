import { bash } from "@/lib/model-server/bank/languages/bash";
import { cpp } from "@/lib/model-server/bank/languages/cpp";
import { csharp } from "@/lib/model-server/bank/languages/csharp";
import { go } from "@/lib/model-server/bank/languages/go";
import { java } from "@/lib/model-server/bank/languages/java";
import { javascript } from "@/lib/model-server/bank/languages/javascript";
import { php } from "@/lib/model-server/bank/languages/php";
import { PROBLEMS } from "@/lib/model-server/bank/problems";
import { python } from "@/lib/model-server/bank/languages/python";
import { rust } from "@/lib/model-server/bank/languages/rust";
import type { Bank } from "@/lib/model-server/bank/types";
import { typescript } from "@/lib/model-server/bank/languages/typescript";

export { PROBLEMS };
export const BANK: Bank = { python, javascript, typescript, java, cpp, csharp, php, bash, go, rust };

export { LANGUAGE_NAMES } from "@/lib/languages";
