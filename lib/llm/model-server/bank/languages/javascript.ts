import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

const assertHeader = `const assert = require("node:assert");`;

export const javascript: LanguageBank = {
  "sum-of-evens": {
    solution: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers) {
  return numbers.filter((n) => n % 2 === 0).reduce((sum, n) => sum + n, 0);
}`,
    tests: `${assertHeader}
assert.strictEqual(sumOfEvens([1, 2, 3, 4]), 6);
assert.strictEqual(sumOfEvens([]), 0);
assert.strictEqual(sumOfEvens([1, 3, 5]), 0);
assert.strictEqual(sumOfEvens([-2, -3, 4]), 2);`,
    wrong: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers) {
  return numbers.filter((n) => n % 2 === 0 && n > 0).reduce((sum, n) => sum + n, 0);
}`,
  },
  "is-palindrome": {
    solution: `/** Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(text) {
  const kept = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  return kept === [...kept].reverse().join("");
}`,
    tests: `${assertHeader}
assert.strictEqual(isPalindrome("A man, a plan, a canal: Panama"), true);
assert.strictEqual(isPalindrome(""), true);
assert.strictEqual(isPalindrome("No 'x' in Nixon"), true);
assert.strictEqual(isPalindrome("hello"), false);`,
    wrong: `/** Whether \`text\` reads the same both ways, ignoring case and non-alphanumeric characters. */
function isPalindrome(text) {
  const kept = text.replace(/[^a-zA-Z0-9]/g, "");
  return kept === [...kept].reverse().join("");
}`,
  },
  gcd: {
    solution: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(a, b) {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}`,
    tests: `${assertHeader}
assert.strictEqual(gcd(12, 18), 6);
assert.strictEqual(gcd(17, 5), 1);
assert.strictEqual(gcd(0, 7), 7);
assert.strictEqual(gcd(0, 0), 0);`,
    wrong: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm. */
function gcd(a, b) {
  while (b > 1) [a, b] = [b, a % b];
  return a;
}`,
  },
  fibonacci: {
    solution: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a BigInt so that F(90) is exact. */
function fibonacci(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
    tests: `${assertHeader}
assert.strictEqual(fibonacci(0), 0n);
assert.strictEqual(fibonacci(1), 1n);
assert.strictEqual(fibonacci(10), 55n);
assert.strictEqual(fibonacci(90), 2880067194370816120n);`,
    wrong: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a BigInt so that F(90) is exact. */
function fibonacci(n) {
  let [a, b] = [0n, 1n];
  for (let i = 1; i < n; i++) [a, b] = [b, a + b];
  return a;
}`,
  },
  "count-vowels": {
    solution: `/** How many characters of \`text\` are vowels (a, e, i, o, u, either case). */
function countVowels(text) {
  return (text.match(/[aeiou]/gi) ?? []).length;
}`,
    tests: `${assertHeader}
assert.strictEqual(countVowels("Hello World"), 3);
assert.strictEqual(countVowels(""), 0);
assert.strictEqual(countVowels("AEIOU"), 5);
assert.strictEqual(countVowels("rhythm"), 0);`,
    wrong: `/** How many characters of \`text\` are vowels (a, e, i, o, u, either case). */
function countVowels(text) {
  return (text.match(/[aeiou]/g) ?? []).length;
}`,
  },
  "binary-search": {
    solution: `/** Index of \`target\` in the ascending array \`items\`, or -1, in O(log n). */
function binarySearch(items, target) {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (items[middle] === target) return middle;
    if (items[middle] < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
    tests: `${assertHeader}
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 7), 3);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 9), 4);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 4), -1);
assert.strictEqual(binarySearch([], 1), -1);`,
    wrong: `/** Index of \`target\` in the ascending array \`items\`, or -1, in O(log n). */
function binarySearch(items, target) {
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (items[middle] === target) return middle;
    if (items[middle] < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
  },
};
