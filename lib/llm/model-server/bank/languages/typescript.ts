import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// Type-checked as a script (tsc --strict, CommonJS, Node types), then run: failures throw.
const check = `function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(\`check failed: \${what}\`);
}`;

export const typescript: LanguageBank = {
  "sum-of-evens": {
    solution: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers: readonly number[]): number {
  return numbers.filter((n) => n % 2 === 0).reduce((sum, n) => sum + n, 0);
}`,
    tests: `${check}
check(sumOfEvens([1, 2, 3, 4]) === 6, "1..4");
check(sumOfEvens([]) === 0, "empty");
check(sumOfEvens([1, 3, 5]) === 0, "odd only");
check(sumOfEvens([-2, -3, 4]) === 2, "negative evens");`,
    wrong: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers: readonly number[]): number {
  return numbers.filter((n) => n % 2 === 0 && n > 0).reduce((sum, n) => sum + n, 0);
}`,
  },
  "is-palindrome": {
    solution: `/** Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(text: string): boolean {
  const kept = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  return kept === [...kept].reverse().join("");
}`,
    tests: `${check}
check(isPalindrome("A man, a plan, a canal: Panama"), "panama");
check(isPalindrome(""), "empty");
check(!isPalindrome("hello"), "hello");
check(isPalindrome("No 'x' in Nixon"), "nixon");`,
    wrong: `/** Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(text: string): boolean {
  const kept = text.replace(/[^a-zA-Z0-9]/g, "");
  return kept === [...kept].reverse().join("");
}`,
  },
  gcd: {
    solution: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}`,
    tests: `${check}
check(gcd(12, 18) === 6, "12, 18");
check(gcd(17, 5) === 1, "coprime");
check(gcd(0, 7) === 7, "zero first");
check(gcd(0, 0) === 0, "both zero");`,
    wrong: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(a: number, b: number): number {
  while (b > 1) [a, b] = [b, a % b];
  return a;
}`,
  },
  fibonacci: {
    solution: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a bigint so that F(90) is exact. */
function fibonacci(n: number): bigint {
  let a = BigInt(0);
  let b = BigInt(1);
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
    tests: `${check}
check(fibonacci(0) === BigInt(0), "F(0)");
check(fibonacci(1) === BigInt(1), "F(1)");
check(fibonacci(10) === BigInt(55), "F(10)");
check(fibonacci(90) === BigInt("2880067194370816120"), "F(90)");`,
    wrong: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a bigint so that F(90) is exact. */
function fibonacci(n: number): bigint {
  let a = BigInt(0);
  let b = BigInt(1);
  for (let i = 1; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
  },
  "count-vowels": {
    solution: `/** How many characters of \`text\` are vowels (a, e, i, o, u, either case). */
function countVowels(text: string): number {
  return (text.match(/[aeiou]/gi) ?? []).length;
}`,
    tests: `${check}
check(countVowels("Hello World") === 3, "hello world");
check(countVowels("") === 0, "empty");
check(countVowels("AEIOU") === 5, "upper case");
check(countVowels("rhythm") === 0, "no vowels");`,
    wrong: `/** How many characters of \`text\` are vowels (a, e, i, o, u, either case). */
function countVowels(text: string): number {
  return (text.match(/[aeiou]/g) ?? []).length;
}`,
  },
  "binary-search": {
    solution: `/** Index of \`target\` in the ascending array \`items\`, or -1, in O(log n). */
function binarySearch(items: readonly number[], target: number): number {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = items[middle]!;
    if (value === target) return middle;
    if (value < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
    tests: `${check}
check(binarySearch([1, 3, 5, 7, 9], 7) === 3, "found");
check(binarySearch([1, 3, 5, 7, 9], 9) === 4, "last");
check(binarySearch([1, 3, 5, 7, 9], 4) === -1, "absent");
check(binarySearch([], 1) === -1, "empty");`,
    wrong: `/** Index of \`target\` in the ascending array \`items\`, or -1, in O(log n). */
function binarySearch(items: readonly number[], target: number): number {
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    const value = items[middle]!;
    if (value === target) return middle;
    if (value < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
  },
};
