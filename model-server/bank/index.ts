import { bash } from "@/model-server/bank/languages/bash";
import { cpp } from "@/model-server/bank/languages/cpp";
import { csharp } from "@/model-server/bank/languages/csharp";
import { go } from "@/model-server/bank/languages/go";
import { java } from "@/model-server/bank/languages/java";
import { javascript } from "@/model-server/bank/languages/javascript";
import { php } from "@/model-server/bank/languages/php";
import { PROBLEMS } from "@/model-server/bank/problems";
import { python } from "@/model-server/bank/languages/python";
import { rust } from "@/model-server/bank/languages/rust";
import type { Bank } from "@/model-server/bank/types";
import { typescript } from "@/model-server/bank/languages/typescript";

export { PROBLEMS };
export const BANK: Bank = { python, javascript, typescript, java, cpp, csharp, php, bash, go, rust };

export { LANGUAGE_NAMES } from "@/lib/languages";
