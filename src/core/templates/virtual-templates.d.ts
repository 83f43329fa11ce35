declare module 'virtual:templates' {
  const templates: Array<{ name: string; title: string; text: string }>;
  export default templates;
}
