import type { MetadataRoute } from "next";
import { getReports } from "@/lib/content/reports";
import { sitemapEntries } from "@/lib/seo/sitemap-entries";

export default function sitemap(): MetadataRoute.Sitemap {
  return sitemapEntries(getReports());
}
