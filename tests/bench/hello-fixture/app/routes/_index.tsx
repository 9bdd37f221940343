export default function Hello() {
  return <p>hello</p>;
}
