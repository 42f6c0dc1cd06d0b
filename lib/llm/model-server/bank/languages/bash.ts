import type { LanguageBank } from "@/lib/llm/model-server/bank/types";

// Functions print their result; booleans print "true" or "false". A failed check exits 1.
const check = `check() { [[ "$1" == "$2" ]] || { echo "check failed: got '$1', expected '$2'" >&2; exit 1; }; }`;

export const bash: LanguageBank = {
  "sum-of-evens": {
    solution: `# Prints the sum of the even numbers among the arguments (0 when there are none).
sum_of_evens() {
  local sum=0 n
  for n in "$@"; do
    (( n % 2 == 0 )) && (( sum += n ))
  done
  echo "$sum"
}`,
    tests: `${check}
check "$(sum_of_evens 1 2 3 4)" 6
check "$(sum_of_evens)" 0
check "$(sum_of_evens 1 3 5)" 0
check "$(sum_of_evens -2 -3 4)" 2`,
    wrong: `# Prints the sum of the even numbers among the arguments (0 when there are none).
sum_of_evens() {
  local sum=0 n
  for n in "$@"; do
    (( n % 2 == 0 && n > 0 )) && (( sum += n ))
  done
  echo "$sum"
}`,
  },
  "is-palindrome": {
    solution: `# Prints true if $1 reads the same both ways, ignoring case and non-alphanumeric characters.
is_palindrome() {
  local kept reversed
  kept=$(printf '%s' "$1" | tr -cd '[:alnum:]' | tr '[:upper:]' '[:lower:]')
  reversed=$(printf '%s' "$kept" | rev)
  [[ "$kept" == "$reversed" ]] && echo true || echo false
}`,
    tests: `${check}
check "$(is_palindrome "A man, a plan, a canal: Panama")" true
check "$(is_palindrome "")" true
check "$(is_palindrome "hello")" false
check "$(is_palindrome "No 'x' in Nixon")" true`,
    wrong: `# Prints true if $1 reads the same both ways, ignoring case and non-alphanumeric characters.
is_palindrome() {
  local kept reversed
  kept=$(printf '%s' "$1" | tr -cd '[:alnum:]')
  reversed=$(printf '%s' "$kept" | rev)
  [[ "$kept" == "$reversed" ]] && echo true || echo false
}`,
  },
  gcd: {
    solution: `# Prints the greatest common divisor of two non-negative integers (Euclid's algorithm).
gcd() {
  local a=$1 b=$2 t
  while (( b != 0 )); do
    t=$(( a % b )); a=$b; b=$t
  done
  echo "$a"
}`,
    tests: `${check}
check "$(gcd 12 18)" 6
check "$(gcd 17 5)" 1
check "$(gcd 0 7)" 7
check "$(gcd 0 0)" 0`,
    wrong: `# Prints the greatest common divisor of two non-negative integers (Euclid's algorithm).
gcd() {
  local a=$1 b=$2 t
  while (( b > 1 )); do
    t=$(( a % b )); a=$b; b=$t
  done
  echo "$a"
}`,
  },
  fibonacci: {
    solution: `# Prints the n-th Fibonacci number (F(0) = 0, F(1) = 1); bash arithmetic is 64-bit.
fibonacci() {
  local a=0 b=1 i t
  for (( i = 0; i < $1; i++ )); do
    t=$(( a + b )); a=$b; b=$t
  done
  echo "$a"
}`,
    tests: `${check}
check "$(fibonacci 0)" 0
check "$(fibonacci 1)" 1
check "$(fibonacci 10)" 55
check "$(fibonacci 90)" 2880067194370816120`,
    wrong: `# Prints the n-th Fibonacci number (F(0) = 0, F(1) = 1); bash arithmetic is 64-bit.
fibonacci() {
  local a=0 b=1 i t
  for (( i = 1; i < $1; i++ )); do
    t=$(( a + b )); a=$b; b=$t
  done
  echo "$a"
}`,
  },
  "count-vowels": {
    solution: `# Prints how many characters of $1 are vowels (a, e, i, o, u, either case).
count_vowels() {
  local vowels=\${1//[^aeiouAEIOU]/}
  echo "\${#vowels}"
}`,
    tests: `${check}
check "$(count_vowels "Hello World")" 3
check "$(count_vowels "")" 0
check "$(count_vowels "AEIOU")" 5
check "$(count_vowels "rhythm")" 0`,
    wrong: `# Prints how many characters of $1 are vowels (a, e, i, o, u, either case).
count_vowels() {
  local vowels=\${1//[^aeiou]/}
  echo "\${#vowels}"
}`,
  },
  "binary-search": {
    solution: `# Prints the index of $1 among the remaining arguments (ascending), or -1, in O(log n).
binary_search() {
  local target=$1; shift
  local items=("$@") low=0 high=$(( $# - 1 )) middle
  while (( low <= high )); do
    middle=$(( (low + high) / 2 ))
    if (( items[middle] == target )); then echo "$middle"; return; fi
    if (( items[middle] < target )); then low=$(( middle + 1 )); else high=$(( middle - 1 )); fi
  done
  echo -1
}`,
    tests: `${check}
check "$(binary_search 7 1 3 5 7 9)" 3
check "$(binary_search 9 1 3 5 7 9)" 4
check "$(binary_search 4 1 3 5 7 9)" -1
check "$(binary_search 1)" -1`,
    wrong: `# Prints the index of $1 among the remaining arguments (ascending), or -1, in O(log n).
binary_search() {
  local target=$1; shift
  local items=("$@") low=0 high=$(( $# - 1 )) middle
  while (( low < high )); do
    middle=$(( (low + high) / 2 ))
    if (( items[middle] == target )); then echo "$middle"; return; fi
    if (( items[middle] < target )); then low=$(( middle + 1 )); else high=$(( middle - 1 )); fi
  done
  echo -1
}`,
  },
};
