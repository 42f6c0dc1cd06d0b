import type { LanguageBank } from "@/model-server/bank/types";

// Run as `bash main.sh` with the tests appended. Functions take their inputs as arguments (a list is
// one argument per item) and print the result; booleans print "true" or "false". A failed check exits 1.
const check = `# Exits 1 unless the actual output ($1) equals the expected one ($2).
check() {
  if [[ "$1" != "$2" ]]; then
    echo "check failed: got '$1', expected '$2'" >&2
    exit 1
  fi
}`;

export const bash: LanguageBank = {
  "sum-of-evens": {
    solution: `# Prints the sum of the even integers among the arguments (0 when there are none).
sum_of_evens() {
  local sum=0 n
  for n in "$@"; do
    if (( n % 2 == 0 )); then
      (( sum += n ))
    fi
  done
  echo "$sum"
}`,
    tests: `${check}

check "$(sum_of_evens 1 2 3 4)" 6
check "$(sum_of_evens)" 0
check "$(sum_of_evens 1 3 5)" 0
check "$(sum_of_evens -2 -3 4)" 2
check "$(sum_of_evens -4 -6)" -10
check "$(sum_of_evens 0 10)" 10`,
    wrong: `# Prints the sum of the even integers among the arguments (0 when there are none).
sum_of_evens() {
  local sum n
  for n in "$@"; do
    if (( n % 2 == 0 )); then
      (( sum += n ))
    fi
  done
  echo "$sum"
}`,
  },
  "is-palindrome": {
    solution: `# Prints true if $1 reads the same both ways, ignoring case and anything but ASCII letters and digits.
is_palindrome() {
  local kept i j
  kept=$(printf '%s' "$1" | LC_ALL=C tr -cd 'A-Za-z0-9')
  kept=\${kept,,}
  for (( i = 0, j = \${#kept} - 1; i < j; i++, j-- )); do
    if [[ "\${kept:i:1}" != "\${kept:j:1}" ]]; then
      echo false
      return
    fi
  done
  echo true
}`,
    tests: `${check}

check "$(is_palindrome "A man, a plan, a canal: Panama")" true
check "$(is_palindrome "")" true
check "$(is_palindrome "No 'x' in Nixon")" true
check "$(is_palindrome "12321")" true
check "$(is_palindrome "Àb,b")" true
check "$(is_palindrome "hello")" false
check "$(is_palindrome "0P")" false`,
    wrong: `# Prints true if $1 reads the same both ways, ignoring case and anything but ASCII letters and digits.
is_palindrome() {
  local kept i j
  kept=$(printf '%s' "$1" | LC_ALL=C tr -cd 'A-Za-z0-9')
  for (( i = 0, j = \${#kept} - 1; i < j; i++, j-- )); do
    if [[ "\${kept:i:1}" != "\${kept:j:1}" ]]; then
      echo false
      return
    fi
  done
  echo true
}`,
  },
  gcd: {
    solution: `# Prints the greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd 0 0 is 0).
gcd() {
  local a=$1 b=$2 remainder
  while (( b != 0 )); do
    remainder=$(( a % b ))
    a=$b
    b=$remainder
  done
  echo "$a"
}`,
    tests: `${check}

check "$(gcd 12 18)" 6
check "$(gcd 18 12)" 6
check "$(gcd 17 5)" 1
check "$(gcd 0 7)" 7
check "$(gcd 7 0)" 7
check "$(gcd 0 0)" 0
check "$(gcd 1071 462)" 21`,
    wrong: `# Prints the greatest common divisor of two non-negative integers, by Euclid's algorithm (gcd 0 0 is 0).
gcd() {
  local a=$1 b=$2
  while (( b != 0 )); do
    a=$b
    b=$(( a % b ))
  done
  echo "$a"
}`,
  },
  fibonacci: {
    solution: `# Prints the n-th Fibonacci number (F(0) = 0, F(1) = 1); bash arithmetic is 64-bit, enough up to F(92).
fibonacci() {
  local a=0 b=1 i next
  for (( i = 0; i < $1; i++ )); do
    next=$(( a + b ))
    a=$b
    b=$next
  done
  echo "$a"
}`,
    tests: `${check}

check "$(fibonacci 0)" 0
check "$(fibonacci 1)" 1
check "$(fibonacci 2)" 1
check "$(fibonacci 10)" 55
check "$(fibonacci 50)" 12586269025
check "$(fibonacci 90)" 2880067194370816120`,
    wrong: `# Prints the n-th Fibonacci number (F(0) = 0, F(1) = 1); bash arithmetic is 64-bit, enough up to F(92).
fibonacci() {
  local a=0 b=1 i next
  for (( i = 0; i <= $1; i++ )); do
    next=$(( a + b ))
    a=$b
    b=$next
  done
  echo "$a"
}`,
  },
  "count-vowels": {
    solution: `# Prints how many characters of $1 are vowels (a, e, i, o, u, in either case).
count_vowels() {
  local vowels=\${1//[^aeiouAEIOU]/}
  echo "\${#vowels}"
}`,
    tests: `${check}

check "$(count_vowels "Hello World")" 3
check "$(count_vowels "")" 0
check "$(count_vowels "AEIOU aeiou")" 10
check "$(count_vowels "rhythm")" 0
check "$(count_vowels "Programming in Python")" 5`,
    wrong: `# Prints how many characters of $1 are vowels (a, e, i, o, u, in either case).
count_vowels() {
  local vowels=\${1//[^aeiou]/}
  echo "\${#vowels}"
}`,
  },
  "binary-search": {
    solution: `# Prints the index of the target $1 among the remaining arguments (ascending integers, no
# duplicates), or -1 when it is absent, in O(log n).
binary_search() {
  local target=$1
  shift
  local items=("$@")
  local low=0 high=$(( $# - 1 )) middle
  while (( low <= high )); do
    middle=$(( (low + high) / 2 ))
    if (( items[middle] == target )); then
      echo "$middle"
      return
    elif (( items[middle] < target )); then
      low=$(( middle + 1 ))
    else
      high=$(( middle - 1 ))
    fi
  done
  echo -1
}`,
    tests: `${check}

check "$(binary_search 7 1 3 5 7 9)" 3
check "$(binary_search 1 1 3 5 7 9)" 0
check "$(binary_search 9 1 3 5 7 9)" 4
check "$(binary_search 4 1 3 5 7 9)" -1
check "$(binary_search 10 1 3 5 7 9)" -1
check "$(binary_search 1)" -1
check "$(binary_search 5 5)" 0`,
    wrong: `# Prints the index of the target $1 among the remaining arguments (ascending integers, no
# duplicates), or -1 when it is absent, in O(log n).
binary_search() {
  local target=$1
  shift
  local items=("$@")
  local low=0 high=$(( $# - 1 )) middle
  while (( low < high )); do
    middle=$(( (low + high) / 2 ))
    if (( items[middle] == target )); then
      echo "$middle"
      return
    elif (( items[middle] < target )); then
      low=$(( middle + 1 ))
    else
      high=$(( middle - 1 ))
    fi
  done
  echo -1
}`,
  },
};
