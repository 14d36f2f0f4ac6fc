from website.sitemaps import CatalogueSitemap

from .models import Project


class ProjectSitemap(CatalogueSitemap):
    priority = 0.4
    changefreq = "yearly"  # the archive is no longer updated
    limit = 15_000  # three languages each: under 50,000 addresses per sitemap file

    def items(self):
        return Project.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at
