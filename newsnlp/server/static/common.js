// What the article page (app.js) and the corpus view (corpus.js) share; loaded before
// either of them.
"use strict";

// Russian plural of a count: 1 цитата, 2 цитаты, 5 цитат, 11 цитат, 21 цитата.
function plural(n, one, few, many) {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} ${many}`;
  if (units === 1) return `${n} ${one}`;
  if (units >= 2 && units <= 4) return `${n} ${few}`;
  return `${n} ${many}`;
}
