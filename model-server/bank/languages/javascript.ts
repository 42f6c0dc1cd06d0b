import type { LanguageBank } from "@/model-server/bank/types";

// Run as a CommonJS script (`node main.js`) with the tests appended: a failed assert throws and exits 1.
const assert = `const assert = require("node:assert");`;

export const javascript: LanguageBank = {
  "sum-of-evens": {
    solution: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers) {
  return numbers.filter((n) => n % 2 === 0).reduce((sum, n) => sum + n, 0);
}`,
    tests: `${assert}

assert.strictEqual(sumOfEvens([1, 2, 3, 4]), 6);
assert.strictEqual(sumOfEvens([]), 0);
assert.strictEqual(sumOfEvens([1, 3, 5]), 0);
assert.strictEqual(sumOfEvens([-2, -3, 4]), 2);
assert.strictEqual(sumOfEvens([-4, -6]), -10);
assert.strictEqual(sumOfEvens([0, 10]), 10);`,
    wrong: `/** Returns the sum of the even numbers in \`numbers\` (0 when there are none). */
function sumOfEvens(numbers) {
  return numbers.filter((n) => n % 2 !== 1).reduce((sum, n) => sum + n, 0);
}`,
  },
  "is-palindrome": {
    solution: `/** Whether \`text\` reads the same both ways, ignoring case and anything but ASCII letters and digits. */
function isPalindrome(text) {
  const kept = text.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  return kept === [...kept].reverse().join("");
}`,
    tests: `${assert}

assert.strictEqual(isPalindrome("A man, a plan, a canal: Panama"), true);
assert.strictEqual(isPalindrome(""), true);
assert.strictEqual(isPalindrome("No 'x' in Nixon"), true);
assert.strictEqual(isPalindrome("12321"), true);
assert.strictEqual(isPalindrome("Àb,b"), true);
assert.strictEqual(isPalindrome("hello"), false);
assert.strictEqual(isPalindrome("0P"), false);`,
    wrong: `/** Whether \`text\` reads the same both ways, ignoring case and anything but ASCII letters and digits. */
function isPalindrome(text) {
  const kept = text.replace(/[^A-Za-z0-9]/g, "");
  return kept === [...kept].reverse().join("");
}`,
  },
  gcd: {
    solution: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) is 0). */
function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}`,
    tests: `${assert}

assert.strictEqual(gcd(12, 18), 6);
assert.strictEqual(gcd(18, 12), 6);
assert.strictEqual(gcd(17, 5), 1);
assert.strictEqual(gcd(0, 7), 7);
assert.strictEqual(gcd(7, 0), 7);
assert.strictEqual(gcd(0, 0), 0);
assert.strictEqual(gcd(1071, 462), 21);`,
    wrong: `/** Greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd(0, 0) is 0). */
function gcd(a, b) {
  return b === 0 ? b : gcd(b, a % b);
}`,
  },
  fibonacci: {
    solution: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a BigInt so that large values stay exact. */
function fibonacci(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
  }
  return a;
}`,
    tests: `${assert}

assert.strictEqual(fibonacci(0), 0n);
assert.strictEqual(fibonacci(1), 1n);
assert.strictEqual(fibonacci(2), 1n);
assert.strictEqual(fibonacci(10), 55n);
assert.strictEqual(fibonacci(50), 12586269025n);
assert.strictEqual(fibonacci(90), 2880067194370816120n);`,
    wrong: `/** The n-th Fibonacci number (F(0) = 0, F(1) = 1), as a BigInt so that large values stay exact. */
function fibonacci(n) {
  let [a, b] = [0n, 1n];
  for (let i = 0; i <= n; i++) {
    [a, b] = [b, a + b];
  }
  return a;
}`,
  },
  "count-vowels": {
    solution: `/** Counts the vowels (a, e, i, o, u, in either case) in \`text\`. */
function countVowels(text) {
  return (text.match(/[aeiou]/gi) ?? []).length;
}`,
    tests: `${assert}

assert.strictEqual(countVowels("Hello World"), 3);
assert.strictEqual(countVowels(""), 0);
assert.strictEqual(countVowels("AEIOU aeiou"), 10);
assert.strictEqual(countVowels("rhythm"), 0);
assert.strictEqual(countVowels("Programming in Python"), 5);`,
    wrong: `/** Counts the vowels (a, e, i, o, u, in either case) in \`text\`. */
function countVowels(text) {
  return (text.match(/[aeiou]/g) ?? []).length;
}`,
  },
  "binary-search": {
    solution: `/** Index of \`target\` in the ascending array \`items\` (no duplicates), or -1, in O(log n). */
function binarySearch(items, target) {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (items[middle] === target) return middle;
    if (items[middle] < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
    tests: `${assert}

assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 7), 3);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 1), 0);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 3), 1);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 9), 4);
assert.strictEqual(binarySearch([1, 3, 5, 7, 9], 4), -1);
assert.strictEqual(binarySearch([], 1), -1);
assert.strictEqual(binarySearch([5], 5), 0);`,
    wrong: `/** Index of \`target\` in the ascending array \`items\` (no duplicates), or -1, in O(log n). */
function binarySearch(items, target) {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (items[middle] === target) return middle;
    if (items[middle] < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}`,
  },
};
