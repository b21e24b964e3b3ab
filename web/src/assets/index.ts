// What other console contexts may use of the assets screens: the shipped outline of China and
// Jiangsu (outline/README.md) as a hashed URL, fetched on demand (the region map draws on it).
export { default as outlineUrl } from './outline/china-jiangsu.json?url';
